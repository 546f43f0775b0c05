{{ config(severity='warn') }}

-- Warns for every source that rejects more than rejected_share_warn_threshold of its
-- raw rows: usually a changed export format rather than a few bad rows.

select
    source_name,
    rejected_rows,
    raw_rows,
    rejected_share
from {{ ref('dq_source_row_accounting') }}
where rejected_share > {{ var('rejected_share_warn_threshold') | float }}
