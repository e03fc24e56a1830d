"""What every Qinqing service needs and no service owns."""
