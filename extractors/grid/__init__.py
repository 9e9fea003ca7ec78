"""Tables that arrive as grids of cells: HTML (`html`), Word (`docx`) and
spreadsheets (`sheet`), over one reader of grids (`reader`)."""
