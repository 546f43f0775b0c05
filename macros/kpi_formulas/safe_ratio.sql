{#- numerator / denominator as a float; NULL when the denominator is 0 or NULL. Never
    integer division. -#}
{% macro safe_ratio(numerator, denominator) -%}
    cast({{ numerator }} as {{ type_double() }}) / nullif({{ denominator }}, 0)
{%- endmacro %}
