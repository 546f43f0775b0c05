{#- One row per raw source: where every raw row went. raw_rows = clean_rows +
    rejected_rows + duplicate_rows (SPEC §2). -#}

with

{% for source_name, source in raw_source_contract().items() -%}
    {{ source_name }}_outcomes as (

        select
            '{{ source_name }}' as source_name,
            count(*) as raw_rows,
            {{ count_where('rejection_reason is null and keep_rank = 1') }}
                as clean_rows,
            {{ count_where('rejection_reason is not null') }} as rejected_rows,
            {{ count_where('is_duplicate') }} as duplicate_rows
        from {{ ref(source['model'] ~ '_validated') }}

    ),

{% endfor -%}

outcomes as (

    {% for source_name in raw_source_contract() -%}
        select * from {{ source_name }}_outcomes
        {{ 'union all' if not loop.last }}
    {% endfor %}

)

select
    source_name,
    raw_rows,
    clean_rows,
    rejected_rows,
    duplicate_rows,
    {{ safe_ratio('rejected_rows', 'raw_rows') }} as rejected_share
from outcomes
