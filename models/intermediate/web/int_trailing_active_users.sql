{#- Trailing active users (SPEC §5): for every day of the date spine, the distinct users
    active in the 7 days (wau) and the 28 days (mau) ending on that day, overall and per
    device_type and customer_segment.

    A user active on day a counts on the days a .. a + window - 1. Per user and breakdown
    value those day ranges are merged into islands (a new island starts where the
    previous active day lies more than a window back), so islands never overlap: a
    day's count is the number of islands covering it, a running sum of +1 on each
    island's first day and -1 on the day after its last. One pass over the active days,
    where joining every spine day to a window of activity costs 28 (decision D610).

    Incremental: a run deletes and recomputes the days whose windows hold a changed day
    (decision D704), with the same method over the activity from 27 days before the
    first of them to the last: a window never reaches further back. -#}

-- depends_on: {{ ref('int_events_changed_activity_days') }}

{{ config(
    materialized=events_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_recomputed_rows(
        '(' ~ changed_days(extra_days=27, activity_only=true) ~ ')',
        'changed.date_day = ' ~ this.identifier ~ '.date_day') }}",
) }}

{%- set breakdowns = ['device_type', 'customer_segment'] %}
{%- set windows = [('wau', 7), ('mau', 28)] %}

{#- The first and last recomputed day as literals read before the query runs, so the
    engine skips the row groups of older activity (int_user_days_active is written in
    date order, decision D709). #}
{%- set bounds = [none, none] %}
{%- if is_incremental() and execute %}
    {%- set bounds = run_query(
        'select min(date_day), max(date_day) from ('
        ~ changed_days(extra_days=27, activity_only=true) ~ ') as recomputed'
    ).rows[0] %}
{%- endif %}
{%- set first_day, last_day = date_literal(bounds[0]), date_literal(bounds[1]) %}

with
{%- if is_incremental() %}

recomputed_days as (

    {{ changed_days(extra_days=27, activity_only=true) }}

),
{%- endif %}

days as (

    select date_day from {{ ref('all_days') }}
    {%- if is_incremental() %}
        where
            date_day >= {{ first_day }}
            and date_day <= {{ last_day }}
    {%- endif %}

),

user_days as (

    select * from {{ ref('int_user_days_active') }}
    {%- if is_incremental() %}
        where
            activity_date
            >= cast({{ dbt.dateadd('day', -27, first_day) }} as date)
            and activity_date <= {{ last_day }}
    {%- endif %}

),

active_days as (

    {% for breakdown in ['overall'] + breakdowns -%}
        select distinct
            user_key,
            '{{ breakdown }}' as breakdown,
            {% if breakdown == 'overall' -%}
                'all'
            {%- else -%}
                coalesce({{ breakdown }}, 'unknown')
            {%- endif %} as breakdown_value,
            activity_date
        from user_days
        {{ 'union all' if not loop.last }}
    {% endfor %}

),
{#- Both windows' islands from one ordering of each user's days: the previous active
    day, then the island numbers of both in one running sum. #}

previous_days as (

    select
        user_key,
        breakdown,
        breakdown_value,
        activity_date,
        lag(activity_date) over (
            partition by user_key, breakdown, breakdown_value
            order by activity_date
        ) as previous_activity_date
    from active_days

),

islands as (

    select
        user_key,
        breakdown,
        breakdown_value,
        {% for name, length in windows -%}
            sum(
                case
                    when
                        cast(
                            {{ dbt.dateadd('day', length, 'previous_activity_date') }}
                            as date
                        ) >= activity_date
                        then 0
                    else 1
                end
            ) over (
                partition by user_key, breakdown, breakdown_value
                order by activity_date
                rows between unbounded preceding and current row
            ) as {{ name }}_island,
        {% endfor -%}
        activity_date
    from previous_days

),
{% for name, length in windows %}

    {{ name }}_island_ranges as (

        select
            breakdown,
            breakdown_value,
            min(activity_date) as first_day,
            cast({{ dbt.dateadd('day', length, 'max(activity_date)') }} as date)
                as day_after_last
        from islands
        group by user_key, breakdown, breakdown_value, {{ name }}_island

    ),

{% endfor %}

deltas as (

    select
        breakdown,
        breakdown_value,
        first_day as delta_date,
        1 as wau_delta,
        0 as mau_delta
    from wau_island_ranges

    union all

    select
        breakdown,
        breakdown_value,
        day_after_last as delta_date,
        -1 as wau_delta,
        0 as mau_delta
    from wau_island_ranges

    union all

    select
        breakdown,
        breakdown_value,
        first_day as delta_date,
        0 as wau_delta,
        1 as mau_delta
    from mau_island_ranges

    union all

    select
        breakdown,
        breakdown_value,
        day_after_last as delta_date,
        0 as wau_delta,
        -1 as mau_delta
    from mau_island_ranges

    union all

    {#- every spine day, so that the running sums have a row on each #}
    select
        breakdown_values.breakdown,
        breakdown_values.breakdown_value,
        days.date_day as delta_date,
        0 as wau_delta,
        0 as mau_delta
    from (
        select distinct
            breakdown,
            breakdown_value
        from active_days
    ) as breakdown_values
    cross join days

),

deltas_by_day as (

    select
        breakdown,
        breakdown_value,
        delta_date,
        sum(wau_delta) as wau_delta,
        sum(mau_delta) as mau_delta
    from deltas
    group by breakdown, breakdown_value, delta_date

),

running as (

    select
        breakdown,
        breakdown_value,
        delta_date,
        sum(wau_delta) over (
            partition by breakdown, breakdown_value
            order by delta_date
            rows between unbounded preceding and current row
        ) as wau,
        sum(mau_delta) over (
            partition by breakdown, breakdown_value
            order by delta_date
            rows between unbounded preceding and current row
        ) as mau
    from deltas_by_day

)

select
    days.date_day,
    running.breakdown,
    running.breakdown_value,
    cast(running.wau as {{ dbt.type_bigint() }}) as wau,
    cast(running.mau as {{ dbt.type_bigint() }}) as mau
from running
inner join days
    on running.delta_date = days.date_day
where running.mau > 0
{%- if is_incremental() %}
    and days.date_day in (
        select recomputed.date_day from recomputed_days as recomputed
    )
{%- endif %}
