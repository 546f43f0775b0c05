{#- Trimmed text, NULL when empty or only white space (decision D2). -#}
{% macro clean_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}
