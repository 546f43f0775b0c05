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
{#- Each user's days ordered once, for both windows: the active day before and after.
    A day starts an island of a window when the day before lies more than the window
    back (or there is none), and ends one when the day after lies more than the window
    ahead (or there is none). #}

neighbour_days as (

    select
        breakdown,
        breakdown_value,
        activity_date,
        lag(activity_date) over user_days_in_order as previous_activity_date,
        lead(activity_date) over user_days_in_order as next_activity_date
    from active_days
    window user_days_in_order as (
        partition by user_key, breakdown, breakdown_value
        order by activity_date
    )

),

island_edges as (

    select
        breakdown,
        breakdown_value,
        {% for name, length in windows -%}
            case
                when
                    previous_activity_date is null
                    or cast(
                        {{ dbt.dateadd('day', length, 'previous_activity_date') }}
                        as date
                    ) < activity_date
                    then 1
                else 0
            end as {{ name }}_starts,
            case
                when
                    next_activity_date is null
                    or cast(
                        {{ dbt.dateadd('day', length, 'activity_date') }} as date
                    ) < next_activity_date
                    then 1
                else 0
            end as {{ name }}_ends,
        {% endfor -%}
        activity_date
    from neighbour_days

),

{#- +1 on an island's first day, -1 on the day after its last (its last active day
    plus the window). #}

deltas as (

    {% for name, length in windows -%}
        select
            breakdown,
            breakdown_value,
            cast({{ dbt.dateadd('day', length, 'activity_date') }} as date)
                as delta_date,
            {{ '-1' if name == 'wau' else '0' }} as wau_delta,
            {{ '-1' if name == 'mau' else '0' }} as mau_delta
        from island_edges
        where {{ name }}_ends = 1

        union all

    {% endfor -%}
    select
        breakdown,
        breakdown_value,
        activity_date as delta_date,
        wau_starts as wau_delta,
        mau_starts as mau_delta
    from island_edges
    where wau_starts = 1 or mau_starts = 1

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
