"""The reviewer app's views: highlighted HTML, Streamlit panels and callbacks over redactor.review."""
