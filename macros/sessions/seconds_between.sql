{#- Exact seconds from one timestamp to another (fractions kept), so a 30:00 gap is 1800
    and 30:01 is 1801 whatever the engine's datediff rounding does. -#}
{% macro seconds_between(start_column, end_column) -%}
    {{ return(adapter.dispatch('seconds_between', 'customer_engagement')(
        start_column, end_column)) }}
{%- endmacro %}

{% macro default__seconds_between(start_column, end_column) -%}
    extract(epoch from ({{ end_column }} - {{ start_column }}))
{%- endmacro %}

{#- Whole microseconds subtracted, then divided: epoch() is a double of the seconds since
    1970, whose last bit near 2025 is ~0.2 microseconds, so epoch(a) - epoch(b) would not
    be exact for timestamps with fractional seconds. -#}
{% macro duckdb__seconds_between(start_column, end_column) -%}
    cast(epoch_us({{ end_column }}) - epoch_us({{ start_column }}) as double) / 1000000
{%- endmacro %}
