{#- Average resolution time: of the tickets solved in the period (by solved date), the
    mean and exact median hours from created_at to solved_at; breakdown by channel. -#}

with

tickets as (

    select * from {{ ref('int_support_tickets_timed') }}
    where is_solved

),

{%- set components = [
    ('solved_tickets', 'count(*)'),
    ('total_resolution_hours', 'coalesce(sum(resolution_hours), 0)'),
] %}
{%- set per_row = [
    ('min_resolution_hours', 'min(resolution_hours)'),
    ('median_resolution_hours', exact_median('resolution_hours')),
    ('max_resolution_hours', 'max(resolution_hours)'),
] %}

rolled_up as (

    {{ kpi_rollup('tickets', 'solved_date', ['channel'], components + per_row) }}

),

complete as (

    {{ kpi_complete_periods('rolled_up', components | map(attribute=0) | list) }}

)

select
    complete.period_grain,
    complete.period_start,
    complete.is_complete_period,
    complete.breakdown,
    complete.breakdown_value,
    complete.solved_tickets,
    complete.total_resolution_hours,
    {{ safe_ratio('complete.total_resolution_hours', 'complete.solved_tickets') }}
        as avg_resolution_hours,
    cast(per_row.min_resolution_hours as {{ type_double() }})
        as min_resolution_hours,
    cast(per_row.median_resolution_hours as {{ type_double() }})
        as median_resolution_hours,
    cast(per_row.max_resolution_hours as {{ type_double() }})
        as max_resolution_hours
from complete
left join rolled_up as per_row
    on
        complete.period_grain = per_row.period_grain
        and complete.period_start = per_row.period_start
        and complete.breakdown = per_row.breakdown
        and complete.breakdown_value = per_row.breakdown_value
