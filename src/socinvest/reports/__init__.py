"""Reports: results JSON, CSV ledgers and formatted figures in Swedish and English."""
