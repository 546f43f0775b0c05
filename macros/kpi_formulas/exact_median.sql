{#- The exact median of a column as an aggregate (continuous: the mean of the two middle
    values of an even count), NULL over no values. Medians are computed per KPI row,
    never from finer rows. -#}
{% macro exact_median(column) -%}
    {{ return(adapter.dispatch('exact_median', 'customer_engagement')(column)) }}
{%- endmacro %}

{% macro default__exact_median(column) -%}
    percentile_cont(0.5) within group (order by {{ column }})
{%- endmacro %}

{% macro duckdb__exact_median(column) -%}
    quantile_cont({{ column }}, 0.5)
{%- endmacro %}

{#- percentile() is exact on Spark (percentile_approx is not). -#}
{% macro spark__exact_median(column) -%}
    percentile({{ column }}, 0.5)
{%- endmacro %}
