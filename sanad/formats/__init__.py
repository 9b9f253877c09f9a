"""Date and number formats where Django's own are missing or not as Sanad's readers write
them (FORMAT_MODULE_PATH)."""
