from email import message_from_bytes

from django.core.mail import EmailMessage

from community.mail import EmlFileBackend


def test_each_message_becomes_its_own_eml_file(tmp_path):
    backend = EmlFileBackend(file_path=str(tmp_path))
    first = EmailMessage("Hallo", "Erste Nachricht", "a@example.com", ["b@example.com"])
    second = EmailMessage(
        "Hello", "Second", "a@example.com", ["c@example.com"], headers={"X-Peerdesk-Delivery": "delivery 42"}
    )
    assert backend.send_messages([first, second]) == 2
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 2
    assert any(path.name == "delivery-delivery-42.eml" for path in files)
    backend.send_messages([second])  # the same delivery again overwrites its file
    assert len(list(tmp_path.glob("*.eml"))) == 2
    parsed = [message_from_bytes(path.read_bytes()) for path in files]
    assert {m["To"] for m in parsed} == {"b@example.com", "c@example.com"}
    assert "Erste Nachricht" in "".join(m.get_payload(decode=True).decode() for m in parsed)
