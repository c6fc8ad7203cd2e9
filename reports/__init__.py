"""The figures and documents the landlord owes each year: the Tenant Satisfaction Measures, the
annual complaints report, the self-assessment against the Code and the board's quarterly pack."""
