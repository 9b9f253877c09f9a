"""The retention rules Sanad starts with; administrators edit them in Sanad."""

# (record type, days kept after the end, legal basis). Loi 09-08 sets the principle, not the
# periods: each one is for the CNDP authorisation to fix, hence "to verify".
RETENTION_POLICIES = [
    (
        "beneficiary",
        5 * 365,
        "Loi 09-08, art. 3-1-e : données conservées le temps nécessaire aux finalités ; durée de "
        "5 ans après la fin du suivi proposée (prescription de l'action civile), à fixer dans "
        "l'autorisation de la CNDP.",
    ),
    (
        "complaint",
        3 * 365,
        "Loi 09-08, art. 3-1-e ; durée de 3 ans après la clôture proposée, à fixer dans "
        "l'autorisation de la CNDP.",
    ),
    (
        "import",
        30,
        "Loi 09-08, art. 3-1-e : le fichier importé n'est plus utile une fois les fiches créées.",
    ),
]
