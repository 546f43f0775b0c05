{#- MetricFlow's time spine (dbt 1.11 `time_spine` config in _utilities__models.yml):
    one row per day of the project's date spine (all_days). Cumulative metrics (WAU,
    MAU, customers to date) join it; its range is the data's, month-aligned. -#}

with

days as (

    select * from {{ ref('all_days') }}

)

select cast(date_day as date) as date_day
from days
