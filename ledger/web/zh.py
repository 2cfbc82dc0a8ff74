ZH: dict[str, str] = {}
