"""What is known about the printed self-assessment form, whatever the file format."""
