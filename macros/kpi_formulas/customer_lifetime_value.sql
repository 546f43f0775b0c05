{#- Customer lifetime value (SPEC §5). -#}

{#- Years from the first order date to the as-of date, both days counted:
    (as_of_date - first_order_date + 1 day) / 365.25. -#}
{% macro tenure_years(first_order_date, as_of_date) -%}
    cast(
        {{ dbt.datediff(first_order_date, as_of_date, 'day') }} + 1
        as {{ type_double() }}
    ) / 365.25
{%- endmacro %}


{#- revenue / completed orders; NULL without orders. -#}
{% macro average_order_value(revenue, orders) -%}
    {{ safe_ratio(revenue, orders) }}
{%- endmacro %}


{#- completed orders / summed customer tenure in years; NULL without tenure. -#}
{% macro purchase_frequency_per_year(orders, tenure_years) -%}
    {{ safe_ratio(orders, tenure_years) }}
{%- endmacro %}


{#- avg_order_value * purchase_frequency_per_year * expected_lifespan_years. -#}
{% macro customer_lifetime_value(avg_order_value, purchase_frequency, lifespan_years) -%}
    {{ avg_order_value }} * {{ purchase_frequency }} * {{ lifespan_years }}
{%- endmacro %}


{#- Revenue in the customers' first 12 months / those customers; NULL when none. -#}
{% macro historical_clv_12m(revenue_first_12m, customers_observed_12m) -%}
    {{ safe_ratio(revenue_first_12m, customers_observed_12m) }}
{%- endmacro %}
