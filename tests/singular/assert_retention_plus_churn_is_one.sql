-- SPEC §5: retention_rate + churn_rate = 1 wherever both are set, and both marts hold
-- the same rows and components (they count the same customers).

with

retention as (

    select * from {{ ref('kpi_customer_retention_rate') }}

),

churn as (

    select * from {{ ref('kpi_churn_rate') }}

),

paired as (

    select
        retention.retention_rate,
        churn.churn_rate,
        retention.customers_at_start as retention_customers_at_start,
        churn.customers_at_start as churn_customers_at_start,
        retention.churned_customers as retention_churned_customers,
        churn.churned_customers as churn_churned_customers,
        coalesce(retention.period_grain, churn.period_grain) as period_grain,
        coalesce(retention.period_start, churn.period_start) as period_start,
        coalesce(retention.breakdown, churn.breakdown) as breakdown,
        coalesce(retention.breakdown_value, churn.breakdown_value) as breakdown_value
    from retention
    full outer join churn
        on
            retention.period_grain = churn.period_grain
            and retention.period_start = churn.period_start
            and retention.breakdown = churn.breakdown
            and retention.breakdown_value = churn.breakdown_value

)

select *
from paired
where
    retention_customers_at_start is null
    or churn_customers_at_start is null
    or retention_customers_at_start <> churn_customers_at_start
    or retention_churned_customers <> churn_churned_customers
    or (retention_rate is null) <> (churn_rate is null)
    or abs(retention_rate + churn_rate - 1) > 1e-12
