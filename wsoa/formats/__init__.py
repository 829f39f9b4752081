"""Django's locale formats for the service's dates."""
