"""HTTP for the forum: parse input, call one service or selectors, render a page or an htmx partial."""
