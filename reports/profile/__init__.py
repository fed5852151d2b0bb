"""The force's domestic-abuse problem profile (the inspection's recommendation 9), for any period and area.

harm.py: the crime-harm weights (a data file the force can change); pseudonyms.py: the keyed pseudonyms analysts
see instead of names, and re-identification; queries.py: the figures counted in SQL; figures.py: what each figure
means and the profile as tables; charts.py: the SVG charts; exports.py: CSV, XLSX and PDF.
"""
