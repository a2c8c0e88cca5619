"""Text: the languages the tool speaks (catalogues and locale records), and how untrusted
text is made inert and measured."""
