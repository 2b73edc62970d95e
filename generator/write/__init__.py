"""Write: the only code that writes the generated files (build/docs, build/files,
build/search): whole files (docs.py) and data files of rows patched in place (rows.py). May
import model, problems, read and render."""
