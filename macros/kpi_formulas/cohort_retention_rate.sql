{#- Customers of a cohort active in month cohort_month + k / the cohort size; k = 0 is
    1 by construction (the first completed order is activity). -#}
{% macro cohort_retention_rate(active_customers, cohort_size) -%}
    {{ safe_ratio(active_customers, cohort_size) }}
{%- endmacro %}
