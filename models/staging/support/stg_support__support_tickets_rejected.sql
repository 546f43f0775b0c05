-- Rejected raw rows with their reason (macros/sources/rejected_rows.sql).
{{ rejected_rows('support_tickets') }}
