with

validated as (

    select * from {{ ref('stg_app__events_validated') }}

),

rejected as (

    select
        {{ raw_column_list('events') }},
        rejection_reason
    from validated
    where rejection_reason is not null

)

select * from rejected
