"""Patient search by name prefix and birth date, through keyed blind indexes."""
