-- Churn, retention, lifetime value, repeat purchase and cohort formulas on literals.
-- The guides' examples: 20 lost of 500 = 4% churn; S = 200 with 30 lost and 50 new of
-- whom 10 left (E = 210): retention 170 / 200 = 85%, textbook (E - N) / S = 80%.

with

rate_cases as (

    select literal_cases.* from (
        values
        ('churn_guide', 20, 500, 0.04),
        ('retention_guide', 170, 200, 0.85),
        ('churn_guide_complement', 30, 200, 0.15),
        ('no_customers_at_start', 0, 0, null)
    ) as literal_cases (case_name, numerator, denominator, expected)

),

wrong_rates as (

    select case_name as failure
    from rate_cases
    where
        not (
            (
                {{ retention_rate('numerator', 'denominator') }} is null
                and expected is null
            )
            or abs({{ retention_rate('numerator', 'denominator') }} - expected) < 1e-12
        )
        or not (
            (
                {{ churn_rate('numerator', 'denominator') }} is null
                and expected is null
            )
            or abs({{ churn_rate('numerator', 'denominator') }} - expected) < 1e-12
        )

),

guide_cases as (

    select literal_cases.* from (
        values
        (210, 50, 200, 0.8),
        (480, 0, 500, 0.96),
        (5, 0, 0, null)
    ) as literal_cases (customers_at_end, new_customers, customers_at_start, expected)

),

wrong_guide as (

    select
        'guide formula E = '
        || cast(customers_at_end as {{ dbt.type_string() }}) as failure
    from guide_cases
    where
        not (
            (
                {{ guide_formula_retention(
                    'customers_at_end', 'new_customers', 'customers_at_start'
                ) }} is null
                and expected is null
            )
            or abs(
                {{ guide_formula_retention(
                    'customers_at_end', 'new_customers', 'customers_at_start'
                ) }} - expected
            ) < 1e-12
        )

),

wrong_complete_only as (

    select 'complete_period_only' as failure
    where
        {{ complete_period_only('false', '0.5') }} is not null
        or {{ complete_period_only('true', '0.5') }} <> 0.5

),

value_cases as (

    select
        cast(literal_cases.first_text as date) as first_order_date,
        cast(literal_cases.as_of_text as date) as as_of_date,
        literal_cases.expected_tenure_years
    from (
        values
        ('2024-01-01', '2024-12-31', cast(366 as {{ type_double() }}) / 365.25),
        ('2025-03-10', '2025-03-10', cast(1 as {{ type_double() }}) / 365.25)
    ) as literal_cases (first_text, as_of_text, expected_tenure_years)

),

wrong_tenure as (

    select 'tenure ' || cast(first_order_date as {{ dbt.type_string() }}) as failure
    from value_cases
    where
        abs(
            {{ tenure_years('first_order_date', 'as_of_date') }} - expected_tenure_years
        ) > 1e-12

),

wrong_lifetime_value as (

    select 'lifetime value' as failure
    where
        abs({{ average_order_value('300.0', '3') }} - 100) > 1e-12
        or {{ average_order_value('0.0', '0') }} is not null
        or abs({{ purchase_frequency_per_year('2', '0.5') }} - 4) > 1e-12
        or abs({{ customer_lifetime_value('100.0', '4.0', '3') }} - 1200) > 1e-9
        or abs({{ historical_clv_12m('1500.0', '3') }} - 500) > 1e-12
        or {{ historical_clv_12m('0.0', '0') }} is not null

),

wrong_repeat_and_cohort as (

    select 'repeat purchase or cohort' as failure
    where
        abs({{ repeat_purchase_rate('1', '4') }} - 0.25) > 1e-12
        or {{ repeat_purchase_rate('0', '0') }} is not null
        or not {{ is_repeat_customer('2') }}
        or {{ is_repeat_customer('1') }}
        or abs({{ cohort_retention_rate('5', '10') }} - 0.5) > 1e-12

)

select failure from wrong_rates
union all
select failure from wrong_guide
union all
select failure from wrong_complete_only
union all
select failure from wrong_tenure
union all
select failure from wrong_lifetime_value
union all
select failure from wrong_repeat_and_cohort
