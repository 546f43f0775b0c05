with

validated as (

    select * from {{ ref('stg_marketing__search_console_validated') }}

),

rejected as (

    select
        {{ raw_column_list('search_console') }},
        rejection_reason
    from validated
    where rejection_reason is not null

)

select * from rejected
