{#- The body of a `<staging model>_rejected` model: every rejected raw row of a source as
    it arrived (`raw_<column>` text) with its rejection_reason, read from the source's
    `_validated` model. -#}
{% macro rejected_rows(source_name) -%}
    {%- set staging_model = raw_source_contract()[source_name]['model'] -%}
with

validated as (

    select * from {{ ref(staging_model ~ '_validated') }}

),

rejected as (

    select
        {{ raw_column_list(source_name) }},
        rejection_reason
    from validated
    where rejection_reason is not null

)

select * from rejected
{%- endmacro %}
