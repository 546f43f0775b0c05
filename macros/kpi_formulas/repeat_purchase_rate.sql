{#- Customers with >= 2 completed orders in the period / customers with >= 1; NULL when
    nobody ordered. -#}
{% macro repeat_purchase_rate(repeat_customers, customers_with_orders) -%}
    {{ safe_ratio(repeat_customers, customers_with_orders) }}
{%- endmacro %}


{#- A customer-period is a repeat one with at least two completed orders. -#}
{% macro is_repeat_customer(completed_orders) -%}
    ({{ completed_orders }} >= 2)
{%- endmacro %}
