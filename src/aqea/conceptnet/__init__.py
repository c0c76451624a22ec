"""ConceptNet 5 assertions (docs/conceptnet.md): node URIs, the relation mapping, a streaming reader cut into byte
ranges, and edges made of its rows. No database and no Prefect here."""
