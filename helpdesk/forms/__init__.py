"""The helpdesk's forms, one module per concern: tickets and publishing, escalation and webhooks, posting for
a customer."""
