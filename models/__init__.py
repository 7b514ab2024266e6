"""Domain model, database access and the write service layer (no Streamlit here).

Sub-modules are split by concern: ``settings`` and ``db`` for configuration and the
engine, ``enums``/``tables`` for the schema, ``credit_code`` and ``validation`` for input
rules, ``services`` for every write, ``queries`` for reads, ``i18n`` for the bilingual
message catalogue.
"""
