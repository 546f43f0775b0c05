{#- Every contract column of a raw source as `raw_<column>`, the text exactly as read, so
    rejected rows can be shown as they arrived. -#}
{% macro raw_columns(source_name, relation_alias='raw') -%}
    {%- for column in raw_source_contract()[source_name]['columns'] %}
    {{ relation_alias }}.{{ column }} as raw_{{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}


{#- The `raw_<column>` names of a source, for models that read a `*_validated` model. -#}
{% macro raw_column_list(source_name) -%}
    {%- for column in raw_source_contract()[source_name]['columns'] %}
    raw_{{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
