"""Widget code split out of pages (imports Streamlit; pure logic is in geo/ and models/)."""
