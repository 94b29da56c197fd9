"""Every read the helpdesk's pages need, one module per concern."""
