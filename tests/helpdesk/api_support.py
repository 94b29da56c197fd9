"""What the API tests share besides their fixtures (in conftest.py): the address and the header of a key."""

API = "/api/helpdesk"


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}
