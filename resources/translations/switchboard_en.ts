<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ActivityTab</name>
    <message numerus="yes">
        <source>%Ln communication(s)</source>
        <translation>
            <numerusform>%Ln communication</numerusform>
            <numerusform>%Ln communications</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ApprovalPlurals</name>
    <message numerus="yes">
        <source>Goodwill: %Ln point(s)</source>
        <extracomment>Longest reason in its column; the tooltip and the details below the table have all of it.</extracomment>
        <translation>
            <numerusform>Goodwill: %Ln point</numerusform>
            <numerusform>Goodwill: %Ln points</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ApprovalsView</name>
    <message numerus="yes">
        <source>%Ln request(s) waiting</source>
        <translation>
            <numerusform>%Ln request waiting</numerusform>
            <numerusform>%Ln requests waiting</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FailurePlurals</name>
    <message numerus="yes">
        <source>Too many failed sign-ins. Try again in %Ln second(s).</source>
        <translation>
            <numerusform>Too many failed sign-ins. Try again in %Ln second.</numerusform>
            <numerusform>Too many failed sign-ins. Try again in %Ln seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too many failed sign-ins. Try again in %Ln minute(s).</source>
        <translation>
            <numerusform>Too many failed sign-ins. Try again in %Ln minute.</numerusform>
            <numerusform>Too many failed sign-ins. Try again in %Ln minutes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IdentityPlurals</name>
    <message numerus="yes">
        <source>%Ln attempt(s) left</source>
        <translation>
            <numerusform>%Ln attempt left</numerusform>
            <numerusform>%Ln attempts left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PreferencesTab</name>
    <message numerus="yes">
        <source>%Ln staged change(s), not saved yet</source>
        <translation>
            <numerusform>%Ln staged change, not saved yet</numerusform>
            <numerusform>%Ln staged changes, not saved yet</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message numerus="yes">
        <source>%Ln communication(s)</source>
        <translation>
            <numerusform>%Ln communication</numerusform>
            <numerusform>%Ln communications</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message numerus="yes">
        <source>%Ln thread(s)</source>
        <translation>
            <numerusform>%Ln thread</numerusform>
            <numerusform>%Ln threads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %Ln thread(s) (more as you scroll)</source>
        <translation>
            <numerusform>{shown} of %Ln thread (more as you scroll)</numerusform>
            <numerusform>{shown} of %Ln threads (more as you scroll)</numerusform>
        </translation>
    </message>
</context>
</TS>
