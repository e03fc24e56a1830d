"""The five Qinqing services: forms, workflow, notify, reports, directory."""
