export default function LinkNotFound() {
  return (
    <div className="mx-auto max-w-lg py-10 text-center">
      <h1 className="text-2xl font-bold">This link does not work</h1>
      <p className="mt-2 text-slate-600">
        It may have been replaced by a newer invitation e-mail, or it was copied incompletely. Check your e-mail for the most recent link
        from Twofold.
      </p>
    </div>
  );
}
