"""The helpdesk's pages and endpoints, one module per concern."""
