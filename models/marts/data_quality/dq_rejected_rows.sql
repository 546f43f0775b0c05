{#- One row per raw source and rejection reason: how many raw rows were rejected for it
    and their share of the source's raw rows. -#}

with

{% for source_name, source in raw_source_contract().items() -%}
    {{ source_name }}_reasons as (

        select
            '{{ source_name }}' as source_name,
            rejection_reason,
            {{ count_where('rejection_reason is not null') }} as rejected_rows,
            cast(sum(count(*)) over () as {{ dbt.type_bigint() }}) as raw_rows
        from {{ ref(source['model'] ~ '_validated') }}
        group by rejection_reason

    ),

{% endfor -%}

reasons as (

    {% for source_name in raw_source_contract() -%}
        select * from {{ source_name }}_reasons
        {{ 'union all' if not loop.last }}
    {% endfor %}

)

select
    source_name,
    rejection_reason,
    rejected_rows,
    raw_rows,
    {{ safe_ratio('rejected_rows', 'raw_rows') }} as rejected_share
from reasons
where rejection_reason is not null
