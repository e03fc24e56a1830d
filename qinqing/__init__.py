"""The qinqing command line."""
