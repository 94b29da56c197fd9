"""HTTP for the idea board: parse input, call one service or selectors, render a page or an htmx partial."""
