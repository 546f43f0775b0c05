{#- Churn and retention (SPEC §5). S = customers active at the start, retained = in S and
    active at the end, churned = in S and not active at the end; so retention_rate +
    churn_rate = 1 wherever S > 0. Guide example: 20 lost of 500 at the start = 4% churn;
    S = 200 with 30 lost and 50 new of whom 10 left: retention 170 / 200 = 85%. -#}
{% macro retention_rate(retained_customers, customers_at_start) -%}
    {{ safe_ratio(retained_customers, customers_at_start) }}
{%- endmacro %}


{% macro churn_rate(churned_customers, customers_at_start) -%}
    {{ safe_ratio(churned_customers, customers_at_start) }}
{%- endmacro %}


{#- The guides' textbook formula (E - N) / S. Not the retention rate: E - N counts the
    reactivated customers as retained and subtracts new customers who already left
    (decision D404). In the guide example above it gives (210 - 50) / 200 = 80%. -#}
{% macro guide_formula_retention(customers_at_end, new_customers, customers_at_start) -%}
    {{ safe_ratio('(' ~ customers_at_end ~ ' - ' ~ new_customers ~ ')',
        customers_at_start) }}
{%- endmacro %}


{#- A rate that only exists for complete periods: NULL while the period is running. -#}
{% macro complete_period_only(is_complete_period, expression) -%}
    case when {{ is_complete_period }} then {{ expression }} end
{%- endmacro %}


{#- The components of the churn and retention marts, counted over
    int_customer_periods_classified: (column name, aggregate SQL) pairs. -#}
{% macro customer_retention_components() -%}
    {{ return([
        ('customers_at_start', count_where('is_active_at_start')),
        ('customers_at_end', count_where('is_active_at_end')),
        ('new_customers', count_where('is_new')),
        ('new_customers_at_end', count_where('is_new and is_active_at_end')),
        ('retained_customers', count_where('is_retained')),
        ('churned_customers', count_where('is_churned')),
        ('reactivated_customers', count_where('is_reactivated')),
    ]) }}
{%- endmacro %}


{#- The week and month periods churn and retention classify, up to the as-of date, with
    their two check days (decision D403): start_check_date, the day before the period
    starts (S), and end_check_date, the period's last day or the as-of date for the
    period that holds it (E). -#}
{% macro customer_check_periods() -%}
    select
        all_periods.period_grain,
        all_periods.period_start,
        cast({{ dbt.dateadd('day', -1, 'all_periods.period_start') }} as date)
            as start_check_date,
        case
            when all_periods.period_end < as_of.as_of_date then all_periods.period_end
            else as_of.as_of_date
        end as end_check_date
    from {{ ref('all_periods') }} as all_periods
    cross join {{ ref('as_of_date') }} as as_of
    where
        all_periods.period_grain in ('week', 'month')
        and all_periods.period_start <= as_of.as_of_date
{%- endmacro %}


{#- The churn and retention marts' rows before their rates: the
    customer_retention_components of every week and month, overall and by
    customer_segment, from int_customer_periods_classified, with an overall row for
    every period from the first to the last that holds a classified customer.
    Incremental by date (decision D715): on an incremental run, only the periods ending
    on or after the recompute date, the same as int_customer_periods_classified
    recomputes; the data range is still read from all its rows. -#}
{% macro customer_retention_periods() -%}
    {%- set from_date = recompute_from(customer_chain_inputs(), event_days=true) %}
    {%- set components = customer_retention_components() %}
    with

    classified as (

        select * from {{ ref('int_customer_periods_classified') }}
        {%- if from_date is not none %}
            where
                {{ rows_from(from_date, 'period_start', 'period_grain') }}
                and period_start >= {{ first_recomputed_period_day(from_date) }}
        {%- endif %}

    ),

    recomputed_periods as (

        {{ periods_from(from_date) }}

    ),

    data_range as (

        select
            period_grain,
            min(period_start) as first_period_start,
            max(period_start) as last_period_start
        from {{ ref('int_customer_periods_classified') }}
        group by period_grain

    ),

    rolled_up as (

        {{ kpi_rollup_periods('classified', ['customer_segment'], components) }}

    )

    {{ kpi_complete_periods(
        'rolled_up', components | map(attribute=0) | list, 'data_range',
        periods='recomputed_periods' if is_incremental() else none
    ) }}
{%- endmacro %}
