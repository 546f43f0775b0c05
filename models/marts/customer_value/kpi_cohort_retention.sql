{#- Cohort retention: for each cohort month (month of the first completed order) and
    each month k = 0, 1, ... up to the month of the as-of date, the cohort's customers with any
    activity day in month cohort_month + k / the cohort size (SPEC §5). Rates of the
    running month are NULL. -#}

with

cohorted as (

    select * from {{ ref('int_customers_cohorted') }}

),

activity_days as (

    select * from {{ ref('int_customer_activity_days') }}

),

as_of as (

    select as_of_date from {{ ref('as_of_date') }}

),

months as (

    select
        all_periods.period_start,
        all_periods.is_complete_period
    from {{ ref('all_periods') }} as all_periods
    cross join as_of
    where
        all_periods.period_grain = 'month'
        and all_periods.period_start <= as_of.as_of_date

),

cohorts as (

    select
        cohort_month,
        count(*) as cohort_size
    from cohorted
    group by cohort_month

),

active_months as (

    select
        cohorted.cohort_month,
        {{ period_start('month', 'activity_days.activity_date') }} as activity_month,
        count(distinct cohorted.customer_id) as active_customers
    from cohorted
    inner join activity_days
        on
            cohorted.customer_id = activity_days.customer_id
            and cohorted.cohort_month <= activity_days.activity_date
    group by
        cohorted.cohort_month,
        {{ period_start('month', 'activity_days.activity_date') }}

),

cells as (

    select
        months.period_start,
        months.is_complete_period,
        cohorts.cohort_month,
        cohorts.cohort_size,
        coalesce(active_months.active_customers, 0) as active_customers
    from cohorts
    inner join months
        on cohorts.cohort_month <= months.period_start
    left join active_months
        on
            cohorts.cohort_month = active_months.cohort_month
            and months.period_start = active_months.activity_month

)

select
    'month' as period_grain,
    period_start,
    is_complete_period,
    cohort_month,
    cast(
        {{ dbt.datediff('cohort_month', 'period_start', 'month') }}
        as {{ dbt.type_bigint() }}
    ) as months_since_first,
    cast(cohort_size as {{ dbt.type_bigint() }}) as cohort_size,
    cast(active_customers as {{ dbt.type_bigint() }}) as active_customers,
    {{ complete_period_only(
        'is_complete_period',
        cohort_retention_rate('active_customers', 'cohort_size')
    ) }} as retention_rate
from cells
