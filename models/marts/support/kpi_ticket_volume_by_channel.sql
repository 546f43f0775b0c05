{#- Ticket volume: tickets created in the period (by created date) and each channel's
    share of them; of those tickets, the replied ones with the mean and exact median
    minutes to the first reply, and the resolved ones (with a solved_at) with the
    resolution rate = resolved / created. -#}

with

tickets as (

    select * from {{ ref('int_support_tickets_timed') }}

),

{%- set components = [
    ('tickets', 'count(*)'),
    ('replied_tickets', count_where('is_replied')),
    ('total_first_reply_minutes',
        'coalesce(sum(first_reply_minutes), 0)'),
    ('resolved_tickets', count_where('is_solved')),
] %}
{%- set per_row = [
    ('min_first_reply_minutes', 'min(first_reply_minutes)'),
    ('median_first_reply_minutes', exact_median('first_reply_minutes')),
    ('max_first_reply_minutes', 'max(first_reply_minutes)'),
] %}

rolled_up as (

    {{ kpi_rollup('tickets', 'created_date', ['channel'], components + per_row) }}

),

complete as (

    {{ kpi_complete_periods('rolled_up', components | map(attribute=0) | list) }}

),

period_totals as (

    select
        period_grain,
        period_start,
        tickets as period_tickets
    from complete
    where breakdown = 'overall'

)

select
    complete.period_grain,
    complete.period_start,
    complete.is_complete_period,
    complete.breakdown,
    complete.breakdown_value,
    complete.tickets,
    period_totals.period_tickets,
    {{ safe_ratio('complete.tickets', 'period_totals.period_tickets') }}
        as ticket_share,
    complete.replied_tickets,
    complete.total_first_reply_minutes,
    {{ safe_ratio('complete.total_first_reply_minutes', 'complete.replied_tickets') }}
        as avg_first_reply_minutes,
    cast(per_row.min_first_reply_minutes as {{ type_double() }})
        as min_first_reply_minutes,
    cast(per_row.median_first_reply_minutes as {{ type_double() }})
        as median_first_reply_minutes,
    cast(per_row.max_first_reply_minutes as {{ type_double() }})
        as max_first_reply_minutes,
    complete.resolved_tickets,
    {{ safe_ratio('complete.resolved_tickets', 'complete.tickets') }}
        as resolution_rate
from complete
inner join period_totals
    on
        complete.period_grain = period_totals.period_grain
        and complete.period_start = period_totals.period_start
left join rolled_up as per_row
    on
        complete.period_grain = per_row.period_grain
        and complete.period_start = per_row.period_start
        and complete.breakdown = per_row.breakdown
        and complete.breakdown_value = per_row.breakdown_value
