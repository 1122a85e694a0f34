"""One module per outlet. Each declares an OutletSpider subclass (see README, "Add an outlet")."""
