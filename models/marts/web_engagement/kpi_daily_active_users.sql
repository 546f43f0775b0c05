{#- Daily active users (SPEC §5): distinct users with a non-bot event in the period, the
    new ones (first-ever activity in the period) and the returning rest; on day rows the
    trailing 7-day (wau) and 28-day (mau) active users and stickiness = dau / mau; and
    the customer engagement rate = customers with an identified event in the period who
    signed up by its end / customers signed up by its end (decisions D304-D307). -#}

-- depends_on: {{ ref('int_events_changed_days') }}
-- depends_on: {{ ref('int_events_changed_activity_days') }}
-- depends_on: {{ ref('all_days') }}

{{ config(
    materialized=events_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_periods(trailing_days=27) }}",
) }}

{%- set breakdowns = ['device_type', 'customer_segment'] %}

with

recomputed_periods as (  -- noqa: ST03

    {{ kpi_recomputed_periods(trailing_days=27) }}

),

user_days as (

    {{ kpi_facts(
        ref('int_user_days_active'), 'activity_date', 'recomputed_periods',
        trailing_days=27
    ) }}

),

data_range as (

    {{ kpi_data_range(ref('int_user_days_active'), 'activity_date') }}

),

trailing_users as (

    select * from {{ ref('int_trailing_active_users') }}

),

customers as (

    select * from {{ ref('stg_crm__customers') }}
    where signed_up_date is not null

),

periods as (

    select * from {{ ref('all_periods') }}

),

{%- set components = [
    ('active_users', count_distinct_where('true', 'user_key')),
    ('new_users', count_distinct_where('first_active_date >= {period_start}', 'user_key')),
    ('active_customers', count_distinct_where(
        'is_identified and signed_up_date <= {period_end}', 'customer_id')),
] %}

rolled_up as (

    {{ kpi_rollup(
        'user_days', 'activity_date', breakdowns, components,
        periods='recomputed_periods' if is_incremental() else none
    ) }}

),

complete as (

    {{ kpi_complete_periods(
        'rolled_up', components | map(attribute=0) | list, 'data_range',
        periods='recomputed_periods' if is_incremental() else none
    ) }}

),

{#- Customers signed up by each period's end, overall and per segment: cumulative
    sign-ups per day, looked up once per period (not every customer per period). #}

signups as (

    select
        signed_up_date,
        customer_segment,
        count(*) as signed_up
    from customers
    group by 1, 2

),

period_customers as (

    select
        periods.period_grain,
        periods.period_start,
        signups.customer_segment,
        sum(signups.signed_up) as total_customers
    from periods
    inner join signups
        on periods.period_end >= signups.signed_up_date
    where periods.period_start in (select complete.period_start from complete)
    group by 1, 2, 3

),

customer_totals as (

    select
        complete.period_grain,
        complete.period_start,
        complete.breakdown,
        complete.breakdown_value,
        cast(
            coalesce(sum(period_customers.total_customers), 0)
            as {{ dbt.type_bigint() }}
        ) as total_customers
    from complete
    left join period_customers
        on
            complete.period_grain = period_customers.period_grain
            and complete.period_start = period_customers.period_start
            and (
                complete.breakdown <> 'customer_segment'
                or complete.breakdown_value = period_customers.customer_segment
            )
    group by 1, 2, 3, 4

),

measured as (

    select
        complete.period_grain,
        complete.period_start,
        complete.is_complete_period,
        complete.breakdown,
        complete.breakdown_value,
        complete.active_users,
        complete.new_users,
        complete.active_customers,
        customer_totals.total_customers,
        complete.active_users - complete.new_users as returning_users,
        case
            when complete.period_grain = 'day' then coalesce(trailing_users.wau, 0)
        end as wau,
        case
            when complete.period_grain = 'day' then coalesce(trailing_users.mau, 0)
        end as mau
    from complete
    inner join customer_totals
        on
            complete.period_grain = customer_totals.period_grain
            and complete.period_start = customer_totals.period_start
            and complete.breakdown = customer_totals.breakdown
            and complete.breakdown_value = customer_totals.breakdown_value
    left join trailing_users
        on
            complete.period_grain = 'day'
            and complete.period_start = trailing_users.date_day
            and complete.breakdown = trailing_users.breakdown
            and complete.breakdown_value = trailing_users.breakdown_value

),

kpi as (

    select
        period_grain,
        period_start,
        is_complete_period,
        breakdown,
        breakdown_value,
        active_users,
        new_users,
        returning_users,
        wau,
        mau,
        {{ safe_ratio('active_users', 'mau') }} as stickiness,
        active_customers,
        total_customers,
        {{ safe_ratio('active_customers', 'total_customers') }}
            as customer_engagement_rate
    from measured

)

{{ kpi_changed_rows('kpi', 'recomputed_periods') }}
