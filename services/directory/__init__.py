"""Directory service: organisations (province, city, county, department), people and roles,
enterprises identified by their unified social credit code, and sign-in."""
