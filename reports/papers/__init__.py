"""Committee reports: their templates, sections, approval, issue and PDF drawing."""
